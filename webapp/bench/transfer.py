"""Bytes a first visit downloads, gzip-compressed as a server would send them."""

import gzip
import re

from flask import Flask

ASSET = re.compile(r"<(?:link|script|img)\b[^>]*?\b(?:href|src)=\"(/[^\"]+)\"")
CSS_URL = re.compile(r"url\(\s*['\"]?(/[^'\")]+)")
CSRF_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def kiosk_first_screen_gz_bytes(app: Flask, slug: str) -> int:
    """The kiosk's language screen, once whoever sets the kiosk up has started it."""
    client = app.test_client()
    confirm = client.get(f"/kiosk/{slug}").get_data(as_text=True)
    started = client.post(f"/kiosk/{slug}", data={"csrf_token": CSRF_TOKEN.search(confirm)[1]})
    if started.status_code != 302:
        raise RuntimeError(f"the kiosk did not start ({started.status_code})")
    return first_visit_gz_bytes(app, f"/kiosk/{slug}", client=client)


def first_visit_gz_bytes(app: Flask, path: str, *, client=None) -> int:
    """The page plus every stylesheet, script, image and font it pulls in, gzipped."""
    client = client or app.test_client()
    page = client.get(path)
    if page.status_code != 200:
        raise RuntimeError(f"{path} answered {page.status_code}")
    total = gzipped_size(page.data)
    pending, seen = ASSET.findall(page.get_data(as_text=True)), set()
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        with client.get(url) as response:
            body = response.get_data()
        total += gzipped_size(body)
        if url.split("?")[0].endswith(".css"):
            pending.extend(CSS_URL.findall(body.decode()))
    return total
