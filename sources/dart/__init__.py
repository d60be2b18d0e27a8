"""OpenDART family: Korean periodic-report accounts (Samsung Electronics, SK hynix) when a key is set."""
