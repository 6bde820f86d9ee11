"""The parts of the diff that `reconciler.planner.make_plan` puts together (see its docstring)."""
