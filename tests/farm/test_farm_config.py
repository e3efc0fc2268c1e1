"""[farm] settings and the farm's Redis connection: real redis-server children."""

from __future__ import annotations

from pathlib import Path

import pytest
from redis import Redis

from axiom_publisher.config import load_settings
from axiom_publisher.config.farm import FarmSettings
from axiom_publisher.core.errors import ConfigError, FarmUnavailableError
from axiom_publisher.farm import FarmQueue, connect_farm
from tests.redis_server import RedisChild, free_port


def test_the_farm_section_sets_the_queues_timeout_and_retries(
    tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(
        '[farm]\nredis_url = "redis://farm:6380/2"\nqueue = "publish"\n'
        'queues = ["publish", "ingest"]\njob_timeout = 600\nretries = 0\n'
    )
    farm = load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config))).farm
    assert farm == FarmSettings("redis://farm:6380/2", "publish", ("publish", "ingest"), 600, 0)
    assert load_settings(axiom_env).farm == FarmSettings()
    env = dict(axiom_env, AXIOM_FARM_REDIS_URL="redis://other:6379/0")
    assert load_settings(env).farm.redis_url == "redis://other:6379/0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('redis_url = "http://:hunter22@farm/0"', "farm.redis_url='http://:***@farm/0'"),
        ("job_timeout = 0", "farm.job_timeout=0 must be a whole number of at least 1"),
        ("retries = -1", "farm.retries=-1"),
        ('queue = "two words"', "farm.queue='two words'"),
        ("queues = []", "farm.queues=[]"),
    ],
)
def test_farm_mistakes_are_config_errors_that_hide_the_password(
    tmp_path: Path, axiom_env: dict[str, str], text: str, expected: str
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(f"[farm]\n{text}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)))
    assert expected in str(caught.value)
    assert "hunter22" not in str(caught.value)


def test_a_farm_redis_that_does_not_answer_is_named_without_its_password() -> None:
    url = f"redis://:s3cret-pass@127.0.0.1:{free_port()}/0"
    with pytest.raises(FarmUnavailableError) as caught:
        connect_farm(FarmSettings(redis_url=url))
    message = str(caught.value)
    assert "s3cret-pass" not in message
    assert "redis://:***@127.0.0.1" in message and "does not answer" in message
    assert caught.value.exit_code == 3


def test_submit_queues_the_job_with_the_farm_timeout_and_retries(redis_child: RedisChild) -> None:
    settings = FarmSettings(redis_url=redis_child.url, queue="axq", job_timeout=77, retries=3)
    queue = FarmQueue.open(settings)
    job_id = queue.submit("os.getpid", description="probe")
    assert queue.waiting() == 1
    from rq.job import Job

    job = Job.fetch(job_id, connection=Redis.from_url(redis_child.url))
    assert (job.func_name, job.timeout, job.retries_left, job.origin) == (
        "os.getpid",
        77,
        3,
        "axq",
    )
