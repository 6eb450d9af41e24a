// The Go equivalent of the seed transformation: os.ReadDir + os.Rename, no safety checks.
package main

import (
	"log"
	"os"
	"strings"
)

func main() {
	entries, err := os.ReadDir(".")
	if err != nil {
		log.Fatal(err)
	}
	for _, entry := range entries {
		name := entry.Name()
		if !strings.HasSuffix(strings.ToLower(name), ".csv") {
			continue
		}
		if err := os.Rename(name, strings.ToLower(strings.ReplaceAll(name, " ", "_"))); err != nil {
			log.Print(err)
		}
	}
}
