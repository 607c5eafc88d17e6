// Placeholder so the target builds before its first file lands; delete when adding real sources.
