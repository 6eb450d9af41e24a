// Peer for the csv benchmark: read with encoding/csv, write to stdout (buffered).
package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"os"
)

func main() {
	in, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	r := csv.NewReader(bufio.NewReaderSize(in, 1<<20))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	w := csv.NewWriter(out)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		if err := w.Write(rec); err != nil {
			panic(err)
		}
	}
	w.Flush()
	out.Flush()
}
