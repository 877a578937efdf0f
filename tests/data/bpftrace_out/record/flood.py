import ctypes, os, sys, time
libc = ctypes.CDLL(None)
libc.prctl(15, ctypes.c_char_p(b"flood"), 0, 0, 0)
time.sleep(0.5)
for _ in range(int(sys.argv[1])):
    os.getppid()
time.sleep(3)
