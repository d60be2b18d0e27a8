"""The price catalog parsers on synthetic bodies in the published formats (tests/price_catalogs.py): gpuhunt's
catalog.zip of provider CSVs and OpenRouter's models JSON. Every GPU row is kept with its problems named
(missing field, price no number, zero or negative, a currency without a rate); CPU rows are not GPU offers;
a body that is not a catalog, a provider file without the required columns and an empty catalog are refused."""

import pytest

from sources.errors import ParseError
from sources.prices.gpuhunt import catalog_version, parse_catalog
from sources.prices.openrouter import parse_models
from tests.price_catalogs import catalog_zip, model, models_json, offer, provider_csv

URL = "http://127.0.0.1:1/v2/20261201/catalog.zip"


def test_a_catalog_keeps_every_gpu_offer_and_names_its_problems():
    aws = provider_csv([
        offer("p5.48xlarge", "us-east-1", "98.32", 8, "H100", 80),
        offer("p5.48xlarge", "us-east-1", "39.33", 8, "H100", 80, spot=True),
        offer("m7i.large", "us-east-1", "0.10", 0, "", ""),  # a CPU instance: not a GPU offer
        offer("p6-b200.48xlarge", "us-west-2", "", 8, "B200", 180),
        offer("x.gpu", "eu-west-1", "-1", 1, "H200", 141),
    ])
    eurocloud = provider_csv([{**offer("gpu-1", "fra", "3.10", 1, "H100", 80), "currency": "EUR"},
                              offer("gpu-1", "fra", "abc", 1, "H100", 80), offer("gpu-1", "fra", "2.0", 1, "GB300", 279)],
                             ["currency", *[c for c in offer("", "", 0, 0, "", 0)]])
    frame = parse_catalog(catalog_zip({"aws": aws, "eurocloud": eurocloud}), URL)
    rows = frame.select("provider", "offer_ref", "pricing_kind", "gpu_name", "gpu_count", "price_per_hour", "currency",
                        "problems").rows()
    assert rows == [
        ("aws", "p5.48xlarge|us-east-1|on_demand", "on_demand", "H100", 8, 98.32, "USD", None),
        ("aws", "p5.48xlarge|us-east-1|spot", "spot", "H100", 8, 39.33, "USD", None),
        ("aws", "p6-b200.48xlarge|us-west-2|on_demand", "on_demand", "B200", 8, None, "USD", "missing price"),
        ("aws", "x.gpu|eu-west-1|on_demand", "on_demand", "H200", 1, -1.0, "USD", "price -1 is not positive"),
        ("eurocloud", "gpu-1|fra|on_demand", "on_demand", "H100", 1, 3.1, "EUR", "currency EUR without a USD rate"),
        ("eurocloud", "gpu-1|fra|on_demand#2", "on_demand", "H100", 1, None, "USD", "price is not a number: 'abc'"),
        ("eurocloud", "gpu-1|fra|on_demand#3", "on_demand", "GB300", 1, 2.0, "USD", None),
    ]
    assert set(frame["catalog_version"]) == {"20261201"} and set(frame["catalog_date"]) == {"2026-12-01"}


def test_a_row_missing_its_gpu_name_is_kept_and_named():
    text = provider_csv([offer("g.x", "here", "4.0", 2, "", 80)])
    (row,) = parse_catalog(catalog_zip({"lambdalabs": text}), URL).select("gpu_name", "problems").rows()
    assert row == (None, "missing gpu_name")


@pytest.mark.parametrize(("body", "message"), [
    (b"<html>not found</html>", "expected gpuhunt's catalog.zip of provider CSV files"),
    (catalog_zip({}), "the catalog holds no provider CSV file"),
    (catalog_zip({"aws": "instance_name,location,price\np5,us,1\n"}),
     "aws.csv lacks column(s) gpu_count, gpu_name, spot; expected gpuhunt's catalog columns"),
    (catalog_zip({"aws": provider_csv([]), "gcp": provider_csv([offer("n1", "us", "0.1", 0, "", "")])}),
     "the catalog lists no GPU offer in 2 provider file(s); an empty catalog is refused"),
])
def test_malformed_and_empty_catalogs_are_refused_by_name(body, message):
    with pytest.raises(ParseError) as err:
        parse_catalog(body, URL)
    assert str(err.value).startswith(URL) and message in str(err.value)


def test_the_version_comes_from_the_catalog_url():
    assert catalog_version("https://host/v2/20261130/catalog.zip") == "20261130"
    with pytest.raises(ParseError, match="expected a gpuhunt catalog URL ending in /<version>/catalog.zip"):
        catalog_version("https://host/v2/latest/catalog.zip")


def test_openrouter_prices_per_million_tokens_with_unusable_prices_named():
    body = models_json(model("deepseek/deepseek-r1", "0.0000004", "0.000002"),
                       model("openrouter/auto", "-1", "-1"),
                       {"id": "x/no-pricing", "name": "X"})
    rows = parse_models(body, "http://127.0.0.1:1/api/v1/models").rows()
    assert rows == [
        ("openrouter", "deepseek/deepseek-r1", "deepseek/deepseek-r1", 64000, 0.4, 2.0, None),
        ("openrouter", "openrouter/auto", "openrouter/auto", 64000, None, None,
         "pricing.prompt -1 is negative (variable price); pricing.completion -1 is negative (variable price)"),
        ("openrouter", "x/no-pricing", "X", None, None, None, "missing pricing"),
    ]


@pytest.mark.parametrize(("body", "message"), [
    (b'{"models": []}', "expected OpenRouter's"),
    (b'{"data": []}', "the models list is empty; refused"),
    (b'{"data": [{"name": "no id"}]}', "data[0] has no model id"),
])
def test_malformed_and_empty_model_lists_are_refused(body, message):
    with pytest.raises(ParseError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_models(body, "http://127.0.0.1:1/api/v1/models")
