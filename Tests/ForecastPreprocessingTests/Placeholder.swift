// Placeholder: replaced by WindowsTests etc.
