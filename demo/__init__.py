"""Demo data: a believable city for `make run` and for trying Porchlight out.

It may import every app; nothing imports it.
"""
