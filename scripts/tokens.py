"""Bearer tokens of demo users for the scripts (issue 11): client credentials at the identity
provider (make run: the stubs' Spring Authorization Server), client id = user id, cached until a
minute before they expire. Used by scripts/chaos, scripts/check_metrics.py and bench/.

  AUTH_ISSUER_URI   the provider (default: the stubs, STUBS_URL or 127.0.0.1:STUBS_PORT)
  AUTH_USER_SECRET  the demo users' client secret (default demo-secret)
"""

import base64
import json
import os
import threading
import time
import urllib.request

ISSUER = (os.environ.get("AUTH_ISSUER_URI") or os.environ.get("STUBS_URL")
          or "http://127.0.0.1:%s" % os.environ.get("STUBS_PORT", "3629"))
USER_SECRET = os.environ.get("AUTH_USER_SECRET", "demo-secret")

_tokens = {}  # user -> (token, expires at)
_lock = threading.Lock()


def token_for(user):
    """An access token of `user`. Raises (OSError, ValueError, KeyError) when the provider gives
    none."""
    with _lock:
        cached = _tokens.get(user)
        if cached and cached[1] > time.time() + 60:
            return cached[0]
    basic = base64.b64encode(("%s:%s" % (user, USER_SECRET)).encode()).decode()
    req = urllib.request.Request(ISSUER + "/oauth2/token", data=b"grant_type=client_credentials",
                                 method="POST", headers={"Authorization": "Basic " + basic})
    with urllib.request.urlopen(req, timeout=30) as resp:
        answer = json.loads(resp.read().decode())
    with _lock:
        _tokens[user] = (answer["access_token"], time.time() + int(answer.get("expires_in", 300)))
    return answer["access_token"]


def bearer(user):
    """{'Authorization': 'Bearer <token of user>'}."""
    return {"Authorization": "Bearer " + token_for(user)}
