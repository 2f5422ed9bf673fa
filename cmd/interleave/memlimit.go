package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// defaultMemory is the --max-memory of a run that sets none: three quarters of
// the memory this process may really have, the least of the machine's memory,
// its control group's limit and its resource limits; 0 (no limit) when none
// of them can be told.
func defaultMemory() uint64 {
	avail := uint64(0)
	for _, m := range []uint64{machineMemory(), cgroupMemory(), rlimitMemory()} {
		if m > 0 && (avail == 0 || m < avail) {
			avail = m
		}
	}
	return avail / 4 * 3
}

// machineMemory is the machine's total memory in bytes, or 0 when it cannot be
// told (only Linux's /proc/meminfo is read).
func machineMemory() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.ParseUint(fields[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// cgroupMemory is the memory limit of this process's control group (version
// 2, else version 1), or 0 when there is none or it cannot be read.
func cgroupMemory() uint64 {
	dir2, dir1 := "/sys/fs/cgroup", "/sys/fs/cgroup/memory"
	if data, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		for line := range strings.Lines(string(data)) {
			parts := strings.SplitN(strings.TrimSpace(line), ":", 3)
			if len(parts) != 3 || strings.Contains(parts[2], "..") {
				continue
			}
			switch {
			case parts[0] == "0" && parts[1] == "":
				dir2 += parts[2]
			case strings.Contains(","+parts[1]+",", ",memory,"):
				dir1 += parts[2]
			}
		}
	}
	for _, f := range []string{dir2 + "/memory.max", "/sys/fs/cgroup/memory.max", dir1 + "/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if n := cgroupLimit(f); n > 0 {
			return n
		}
	}
	return 0
}

// cgroupLimit reads a control group's memory limit file: a number of bytes,
// "max" or a huge number for none (0).
func cgroupLimit(path string) uint64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || n >= 1<<62 {
		return 0
	}
	return n
}
