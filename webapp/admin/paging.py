"""Queue pages by the last row seen (keyset), not by offset: rows decided in place
leave the queue, and an offset would then skip as many waiting rows on the next page."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.admin.filters import PAGE_SIZE, Filters

Order = list[tuple[object, bool]]  # (column or expression, descending), ending with the id


@dataclass
class Page:
    rows: list
    total: int
    page: int
    pages: int
    first_id: int | None = None
    last_id: int | None = None
    # The query-string changes of the Previous and Next links; None where there is none.
    previous: dict | None = None
    next: dict | None = None


def _beyond(order: Order, values) -> object:
    """SQL: the row sorts after one whose sort keys are `values`."""
    condition = None
    for (column, descending), value in reversed(list(zip(order, values, strict=True))):
        past = column < value if descending else column > value
        condition = past if condition is None else past | ((column == value) & condition)
    return condition


def _keys(session: Session, lookup, order: Order, id_column, row_id: int):
    """The sort keys of one row, found whatever its state now (it may have been decided)."""
    columns = [column for column, _ in order]
    return session.exec(lookup.where(id_column == row_id).with_only_columns(*columns)).first()


def _count(session: Session, query) -> int:
    return session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()


def page_of(session: Session, query, *, lookup, f: Filters, order: Order, id_column) -> Page:
    """One page of `query`: after f.after or before f.before when given, else by f.page.
    Page 1 is always the start of the queue, whatever cursor came with it."""
    total = _count(session, query)
    forward = [c.desc() if d else c for c, d in order]
    cursor = (f.after or f.before) if f.page > 1 else None
    keys = _keys(session, lookup, order, id_column, cursor) if cursor else None
    if keys is None:
        rows = session.exec(
            query.order_by(*forward).offset((f.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        ).all()
        pages = max(1, -(-total // PAGE_SIZE))
    else:
        if f.after:
            rows = session.exec(
                query.where(_beyond(order, keys)).order_by(*forward).limit(PAGE_SIZE)
            ).all()
        else:
            backward = [(c, not d) for c, d in order]
            rows = session.exec(
                query.where(_beyond(backward, keys))
                .order_by(*[c.desc() if d else c for c, d in backward])
                .limit(PAGE_SIZE)
            ).all()[::-1]
        pages = f.page
        if rows:
            first = _keys(session, lookup, order, id_column, _row_id(rows[0]))
            from_here = 1 + _count(session, query.where(_beyond(order, first)))
            pages = f.page - 1 + max(1, -(-from_here // PAGE_SIZE))
    ids = [_row_id(row) for row in rows]
    page = Page(list(rows), total, f.page, pages, ids[0] if ids else None, ids[-1] if ids else None)
    if rows:
        page.previous = _previous(page)
        if page.page < page.pages:
            page.next = {"page": page.page + 1, "after": page.last_id}
    elif f.page > 1 and (keys is None or f.after):
        # Every row after the cursor (or past this page's offset) has been decided or no
        # longer matches: the rows before it are the whole queue, so Previous is its last
        # page. (Nothing is before a `before` cursor that found nothing: the first page.)
        page.previous = _last_page(session, query, order, total)
    return page


def _previous(page: Page) -> dict | None:
    """Previous ends just before this page's first row; from page 2 it is the first page."""
    if page.page == 1:
        return None
    if page.page == 2:
        return {"page": 1}
    return {"page": page.page - 1, "before": page.first_id}


def _last_page(session: Session, query, order: Order, total: int) -> dict | None:
    """The last PAGE_SIZE rows of the queue: the page after the row before them."""
    if total == 0:
        return None
    backward = [c if d else c.desc() for c, d in order]
    before_them = session.exec(query.order_by(*backward).offset(PAGE_SIZE).limit(1)).first()
    if before_them is None:  # they are the whole queue
        return {"page": 1}
    return {"page": -(-total // PAGE_SIZE), "after": _row_id(before_them)}


def _row_id(row) -> int:
    return row[0].id
