"""The client's address behind reverse proxies, as every rate limit sees it."""

from __future__ import annotations

import ipaddress

import pytest

from outward.config.env import trusted_proxies
from outward.core.ratelimit import forwarded_client


def test_no_trusted_proxy_means_the_connection_address() -> None:
    assert forwarded_client("10.0.0.1", "198.51.100.7", 0) == "10.0.0.1"


def test_one_proxy_means_the_last_forwarded_hop() -> None:
    assert forwarded_client("10.0.0.1", "6.6.6.6, 198.51.100.7", 1) == "198.51.100.7"


def test_two_proxies_skip_two_hops_from_the_right() -> None:
    hops = "6.6.6.6, 198.51.100.7, 10.0.0.2"

    assert forwarded_client("10.0.0.1", hops, 2) == "198.51.100.7"


def test_fewer_hops_than_proxies_gives_the_first_hop() -> None:
    assert forwarded_client("10.0.0.1", "198.51.100.7", 5) == "198.51.100.7"


def test_trusted_networks_give_the_rightmost_untrusted_hop() -> None:
    networks = (ipaddress.ip_network("10.0.0.0/8"),)

    client = forwarded_client("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.2.3", networks)

    assert client == "198.51.100.7"


def test_a_connection_from_outside_the_trusted_networks_is_the_client() -> None:
    networks = (ipaddress.ip_network("10.0.0.0/8"),)

    assert forwarded_client("203.0.113.5", "198.51.100.7", networks) == "203.0.113.5"


def test_setting_reads_a_count_or_networks() -> None:
    assert trusted_proxies("") == 0
    assert trusted_proxies("2") == 2
    assert trusted_proxies("10.0.0.0/8, 192.168.1.5") == (
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("192.168.1.5/32"),
    )


def test_setting_names_the_entry_it_cannot_read() -> None:
    with pytest.raises(ValueError, match=r'"proxy\.example" is neither'):
        trusted_proxies("10.0.0.0/8, proxy.example")
