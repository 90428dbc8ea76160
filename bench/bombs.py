#!/usr/bin/env python3
"""Hostile input files for bench/bombs.sh (issue 9, item 4).

usage: bench/bombs.py DIR [GIB]
writes DIR/bomb.txt.gz   GIB GiB of 'A's gzip-compressed (a few MB)
       DIR/bomb.zip      a ~1 KB zip whose member declares 1 TiB (zip64)
       DIR/cell.csv      a chart-feed CSV with one 100 MiB cell
       DIR/line.jsonl    a chart feed with one 60 MiB JSON line of tiny values
"""
import os, struct, sys, zlib

def gzip_bomb(path, gib):
    chunk = b"A" * (1 << 20)
    with open(path, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        crc, n = 0, 0
        for _ in range(gib << 10):
            f.write(c.compress(chunk))
            crc = zlib.crc32(chunk, crc)
            n += len(chunk)
        f.write(c.flush())
        f.write(struct.pack("<II", crc & 0xFFFFFFFF, n & 0xFFFFFFFF))

def zip_declaring(path, declared, data=b"A00.0 Cholera\n", name=b"icd10cm_order_2026.txt"):
    crc = zlib.crc32(data) & 0xFFFFFFFF
    extra = struct.pack("<HHQQ", 1, 16, declared, len(data))
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc,
                        0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra)) + name + extra + data
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                          0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0) + name + extra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local), 0)
    with open(path, "wb") as f:
        f.write(local + central + end)

def main():
    d = sys.argv[1]
    gib = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    gzip_bomb(os.path.join(d, "bomb.txt.gz"), gib)
    zip_declaring(os.path.join(d, "bomb.zip"), 1 << 40)
    head = "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,service_date,queue\n"
    with open(os.path.join(d, "cell.csv"), "w") as f:
        f.write(head)
        f.write("A1,M1," + "x" * (100 << 20) + ",1960-01-01,F,outpatient,2026-01-02,main\n")
    # 60 MiB of tiny JSON values: each becomes a parsed node many times its size
    with open(os.path.join(d, "line.jsonl"), "w") as f:
        f.write('{"account":"A1","mrn":"M1","patient":{"name":"N","dob":"1960-01-01","sex":"F"},'
                '"encounter_type":"outpatient","service_date":"2026-01-02","queue":"main",'
                '"payer":[' + "0," * (30 << 20) + '0]}\n')

main()
