import gc

from org_registry.entrypoints.large_writes import cyclic_gc_paused


def test_cyclic_gc_is_paused_inside_overlapping_pauses_and_resumes_after_the_last():
    assert gc.isenabled()
    first, second = cyclic_gc_paused(), cyclic_gc_paused()
    first.__enter__()
    second.__enter__()
    assert not gc.isenabled()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the other import still runs
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_pause_does_not_enable_a_collector_that_was_off_and_survives_an_error():
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    try:
        with cyclic_gc_paused():
            raise ValueError("import failed")
    except ValueError:
        pass
    assert gc.isenabled()
