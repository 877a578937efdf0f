# Calls syscall numbers the x86_64 table does not have (all fail with
# ENOSYS): sctrace reports them as syscall_N, negative N included.
import ctypes

libc = ctypes.CDLL(None, use_errno=True)
for n in (-2, 1000, 100000):
    libc.syscall(ctypes.c_long(n))
