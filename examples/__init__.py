"""The shipped example config and sandbox world, installed as `reconciler.examples` for `demo`."""
