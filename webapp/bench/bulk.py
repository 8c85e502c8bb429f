"""Fast loading of benchmark data, outside the app's sessions."""


def bulk_insert(engine, rows) -> None:
    """Load (table, columns, rows) batches fast: COPY on PostgreSQL, executemany on SQLite."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        postgres = engine.dialect.name == "postgresql"
        if postgres:
            # Loading only: skip the per-row foreign key triggers (the rows are consistent).
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute("BEGIN")  # pysqlite is in autocommit mode here (see webapp.db)
        for table, columns, values in rows:
            if postgres:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608 - our own table names
                    values,
                )
        if postgres:
            raw.commit()
        else:
            cursor.execute("COMMIT")
    finally:
        raw.close()
