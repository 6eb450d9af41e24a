// Peer for `gofer fetch` benchmarks: the seed's goroutine + WaitGroup downloader, with a
// semaphore of -j and files written to -d (like the seed, no retries or checksums).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sync"
)

func main() {
	jobs := flag.Int("j", 16, "concurrent downloads")
	input := flag.String("i", "", "URL list")
	dir := flag.String("d", ".", "output directory")
	flag.Parse()
	file, err := os.Open(*input)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer file.Close()
	http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = *jobs
	sem := make(chan struct{}, *jobs)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		url := scanner.Text()
		if url == "" {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(url string) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := download(url, *dir); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
				fmt.Fprintln(os.Stderr, "Error", url, err)
			}
		}(url)
	}
	wg.Wait()
	if failed > 0 {
		os.Exit(1)
	}
}

func download(url, dir string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	out, err := os.Create(filepath.Join(dir, path.Base(resp.Request.URL.Path)))
	if err != nil {
		return err
	}
	defer out.Close()
	_, err = io.Copy(out, resp.Body)
	return err
}
