from config.formats.vi.formats import *  # noqa: F403 — the same dd/mm/yyyy in English
