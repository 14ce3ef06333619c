"""Ports for the parts under test: free when chosen, outside the range the kernel gives to outgoing connections
(so no client connection takes one before its part binds it), and for the services a block of consecutive ones."""

import socket

from sikerja_devstack import processes
from sikerja_devstack.processes import free_port, free_port_block, free_ports_outside


def test_every_port_of_a_block_can_be_bound_and_none_is_ephemeral():
    ephemeral = processes._ephemeral_ports()
    for _ in range(20):
        base = free_port_block(4)
        for port in range(base, base + 4):
            assert port not in ephemeral
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", port))


def test_a_block_skips_a_base_whose_next_port_is_taken(monkeypatch):
    with socket.socket() as holder:
        taken = free_port()
        holder.bind(("127.0.0.1", taken))
        offered = iter([taken - 1, taken + 1])
        monkeypatch.setattr(processes.random, "choice", lambda _: next(offered))
        # taken - 1 is refused because its block of two runs into the held port
        assert free_port_block(2) == taken + 1


def test_other_ports_stay_out_of_the_block(monkeypatch):
    offered = iter([25001, 25003, 26000, 26000, 26001])
    monkeypatch.setattr(processes, "free_port", lambda: next(offered))
    assert free_ports_outside(range(25000, 25004), 2) == [26000, 26001]
