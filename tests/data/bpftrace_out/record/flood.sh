#!/bin/sh
sleep 1
python3 $(dirname "$0")/flood.py 4000 &
python3 $(dirname "$0")/flood.py 4000 &
wait
