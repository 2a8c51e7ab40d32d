"""Bundled demo news sites (pages written for this project) served on loopback: see `server.DemoSites`."""
