"""Imported while pytest collects beta/: may change the environment go test is started with."""

import os

if os.environ.get("HEADSTART_SET_ENV"):
    os.environ["HEADSTART_BETA"] = os.environ["HEADSTART_SET_ENV"]
