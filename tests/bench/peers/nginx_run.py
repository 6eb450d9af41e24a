"""One crawler run against a crawl benchmark's nginx (scrape.bench.sh): the access log emptied
first, then the crawler timed and its requests counted from the log once it exits."""
import os
import shutil
import subprocess
import time


def run_crawler(work, argv):
    """(seconds, requests, peak RSS MB, exit code) of argv; wget2's pages under work/wget2 go."""
    log = os.path.join(work, "access.log")
    open(log, "w").close()
    subprocess.run(["nginx", "-p", work, "-c", f"{work}/nginx.conf", "-s", "reopen"], check=True,
                   stderr=subprocess.DEVNULL)
    time.sleep(0.2)
    env = dict(os.environ, XDG_STATE_HOME=f"{work}/state")
    begin = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - begin
    time.sleep(0.2)  # nginx writes the last lines of its log
    requests = sum(1 for _ in open(log))
    shutil.rmtree(f"{work}/wget2", ignore_errors=True)
    return seconds, requests, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)
