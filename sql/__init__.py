"""The warehouse's SQL files, installed as the package `warehouse.sql` (pyproject maps this
directory there); read them through `warehouse.sqlfiles`, never by a path into the checkout."""
