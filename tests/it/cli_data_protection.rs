//! The CLI's data protection commands: backup, restore, retention preview and run, subject access export.
