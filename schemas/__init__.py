"""JSON Schemas of the config, the saved plan and the Toggl models (shipped as reconciler.schemas)."""
