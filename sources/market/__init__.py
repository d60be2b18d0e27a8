"""Market data (yfinance) behind a narrow adapter.

`client` holds the two clients behind one interface: the live yfinance client and a
recorded client that replays frames saved as JSON. `frames` fixes each dataset's tidy
schema and turns frames into canonical bytes (stored in the raw snapshot store) and back
(the pure parser). `family` declares the sources and turns each request into a `Fetched`, so
market data goes through the same load path as every other source.
"""
