"""Feature-database management in the style of the cloud's Python quickstart scripts (stdlib only).

Reads api_url, app_id, access_key and secret_key from an `api_parameters.py` module on the path, builds
f"{api_url}/{app_id}/..." URLs and signs urlparse(url).path exactly as the docs describe.

Usage: manage_databases.py create NAME MAX_SIZE | list | delete DB_ID
Prints the JSON answer; on an HTTP error prints "HTTP <status> <body>" to stderr and exits 1.
"""
import base64
import hashlib
import hmac
import json
import sys
import urllib.error
import urllib.request
from email.utils import formatdate
from urllib.parse import urlparse

from api_parameters import access_key, api_url, app_id, secret_key


def signed_headers(method, url):
    x_date = formatdate(usegmt=True)
    message = f"x-date: {x_date}\n{method} {urlparse(url).path} HTTP/1.1"
    signature = base64.b64encode(
        hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).digest()
    ).decode()
    return {
        "x-date": x_date,
        "Authorization": f'hmac username="{access_key}", algorithm="hmac-sha256", '
        f'headers="x-date request-line", signature="{signature}"',
        "Content-Type": "application/json",
    }


def call(method, path, body=None):
    url = f"{api_url}/{app_id}/{path}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=signed_headers(method, url))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        sys.stderr.write(f"HTTP {error.code} {error.read().decode()}\n")
        sys.exit(1)


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "create" and len(argv) == 4:
        answer = call("POST", "databases", {"name": argv[2], "max_size": int(argv[3])})
    elif command == "list" and len(argv) == 2:
        answer = call("GET", "databases")
    elif command == "delete" and len(argv) == 3:
        answer = call("DELETE", f"databases/{argv[2]}")
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
    print(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv)
