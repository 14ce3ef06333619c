"""Ports for the platform under test: the services take consecutive ports, so a block must be free as a whole."""

import socket

from sikerja_devstack.processes import free_port_block, free_ports_outside


def test_a_block_skips_a_base_whose_next_port_is_taken(monkeypatch):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        taken = holder.getsockname()[1]
        offered = iter([taken - 1, taken - 1, taken + 1])
        monkeypatch.setattr("sikerja_devstack.processes.free_port", lambda: next(offered))
        # taken - 1 is refused twice because its block of three runs into the held port
        assert free_port_block(3) == taken + 1


def test_every_port_of_a_block_can_be_bound():
    base = free_port_block(4)
    for port in range(base, base + 4):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_other_ports_stay_out_of_the_block(monkeypatch):
    offered = iter([5001, 5003, 6000, 6000, 6001])
    monkeypatch.setattr("sikerja_devstack.processes.free_port", lambda: next(offered))
    assert free_ports_outside(range(5000, 5004), 2) == [6000, 6001]
