# Workload for the recordings in ../: a process whose comm has commas and
# a quote (as a per-process map key it is "PID,a,1,\"b,NR"; argument 2, in
# hex, replaces it), doing calls
# that are easy to tell apart: getpid (39) 2000 times a second, failing
# openat (257, ENOENT), a signal handler's rt_sigreturn (15, -1 at exit)
# and 10 ms sleeps (clock_nanosleep, 230) for the latency histogram.
import ctypes
import os
import signal
import sys
import time

libc = ctypes.CDLL(None)
comm = bytes.fromhex(sys.argv[2]) if len(sys.argv) > 2 else b'a,1,"b'
libc.prctl(15, ctypes.c_char_p(comm), 0, 0, 0)  # PR_SET_NAME
signal.signal(signal.SIGUSR1, lambda *_: None)
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    for _ in range(20):
        os.getpid()
    try:
        os.open("/nonexistent/sctrace-record", os.O_RDONLY)
    except FileNotFoundError:
        pass
    os.kill(os.getpid(), signal.SIGUSR1)
    time.sleep(0.01)
