"""Start the local cluster and keep it up until Ctrl-C.

python -m cluster [--learners N]
"""

import argparse
import os
import signal
import sys
from pathlib import Path

from .launcher import config_from
from .running import Cluster, ClusterFailed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster")
    parser.add_argument("--learners", type=int, default=40, help="load-test learners to seed")
    args = parser.parse_args(argv)
    config = config_from(os.environ, Path(os.environ.get("SAEBOM_VAR_DIR", "var")))
    # Ctrl-C and SIGTERM stop the cluster, even when started from a shell that
    # ignores SIGINT in background jobs.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.default_int_handler)
    try:
        with Cluster(config, learners=args.learners) as cluster:
            print(f"Cluster up at {config.front_url}/ (logs in {config.log_dir}); Ctrl-C stops it")
            print(f"Load-test accounts: {cluster.accounts_file}")
            signal.pause()
    except ClusterFailed as failure:
        print(f"cluster: {failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cluster stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
