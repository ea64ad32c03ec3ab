"""Running one handed-in notebook: a copy of the kit, a sandboxed kernel, its limits and watchdog, values carried back as JSON."""
