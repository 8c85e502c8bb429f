"""Bytes a first visit downloads, gzip-compressed as a server would send them."""

import gzip
import re

from flask import Flask

ASSET = re.compile(r"<(?:link|script|img)\b[^>]*?\b(?:href|src)=\"(/[^\"]+)\"")
CSS_URL = re.compile(r"url\(\s*['\"]?(/[^'\")]+)")


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def first_visit_gz_bytes(app: Flask, path: str) -> int:
    """The page plus every stylesheet, script, image and font it pulls in, gzipped."""
    client = app.test_client()
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
