"""The wire protocol shared by the laptop (``sync/``) and the server (``server/``).

``constants``: protocol version, header, limits, what a server address may be; ``wire``: the shapes
of requests and answers; ``merge``: the field-level merge rules both sides apply. Imports neither
``sync`` nor ``server``, and nothing of the network.
"""
