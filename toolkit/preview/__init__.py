"""``toolkit preview``: the HTML edition served on 127.0.0.1, re-rendered on every save."""
