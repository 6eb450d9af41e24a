#!/bin/sh
# GNU parallel on one machine (or several, with --sshlogin): 4 processes, shard K of 4 each.
# The union of their downloads is the whole list, each URL fetched by exactly one of them.
parallel --jobs 4 --halt never gofer fetch --shard {}/4 --input urls.txt --dir out ::: 1 2 3 4
