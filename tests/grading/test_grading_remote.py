"""The grader's calls into the learner's kernel (course_nn.grade.remote and _agent): large
arguments and results travel as files in the kernel's folder, not inside the messages, and a
kernel cannot make the grader read anything but the reply file the grader named."""
import numpy as np
import pytest

from course_nn.grade import remote
from course_nn.grade.runner import KernelSession

pytestmark = pytest.mark.slow

KERNEL_CODE = """\
import numpy as np
def double_in_place(a):
    a *= 2
    return float(a.sum())
def big_result(n):
    return np.arange(n, dtype=float)
def small(x):
    return x + 1
"""


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    work = tmp_path_factory.mktemp("remote") / "work"
    work.mkdir()
    with KernelSession(work, timeout=60) as session:
        assert session.run(KERNEL_CODE).status == "ok"
        sent = []
        run = session.run

        def spy(source, *a, **k):
            sent.append(source)
            return run(source, *a, **k)

        session.run = spy
        yield session, work, sent


def _leftovers(work):
    return sorted(p.name for p in work.iterdir() if p.name.startswith(".course-nn-"))


def test_large_arguments_and_results_travel_as_files_and_are_cleaned_up(kernel):
    session, work, sent = kernel
    ch = remote.Channel(session, budget=120)
    a = np.random.default_rng(0).standard_normal(1_000_000)       # 8 MB
    expected = float((2 * a).sum())
    del sent[:]
    got = ch.request("lookup", "double_in_place", (), {})(a)
    assert got == pytest.approx(expected, rel=1e-12)
    assert np.allclose(a, 2 * np.random.default_rng(0).standard_normal(1_000_000)), \
        "the in-place change did not come back"
    assert max(len(s) for s in sent) < 1000, "an 8 MB argument was sent inside the code"
    assert any("serve_file" in s for s in sent)
    r = ch.request("lookup", "big_result", (), {})(2_000_000)           # a 16 MB result
    assert isinstance(r, np.ndarray) and r.shape == (2_000_000,) and r[-1] == 1_999_999
    assert _leftovers(work) == []


def test_small_calls_stay_inline(kernel):
    session, work, sent = kernel
    ch = remote.Channel(session, budget=60)
    del sent[:]
    assert ch.request("lookup", "small", (), {})(41) == 42
    assert not any("serve_file" in s for s in sent) and _leftovers(work) == []


def test_a_kernel_cannot_point_the_reply_file_elsewhere(kernel, tmp_path):
    session, work, _sent = kernel
    secret = tmp_path / "secret.txt"
    secret.write_text("the grader's secret")
    # the learner's code replaces the agent's publisher: every reply (the named reply file, or
    # the names the grader would choose) becomes a symbolic link to a file of the grader's,
    # announced as a reply file
    attack = f"""
import os, course_nn.grade._agent as _ag
from IPython.display import publish_display_data
def _publish(data, reply_file=None):
    for name in [reply_file] if reply_file else [f".course-nn-reply-{{n}}" for n in range(1, 9)]:
        os.symlink({str(secret)!r}, name)
    publish_display_data({{_ag.MIME: "file"}})
_ag._publish = _publish
"""
    assert session.run(attack).status == "ok"
    ch = remote.Channel(session, budget=60)
    with pytest.raises(RuntimeError, match="reply file could not be read") as err:
        ch.request("lookup", "small", (), {})
    assert "secret" not in str(err.value)
    for p in work.glob(".course-nn-*"):
        p.unlink()
