/* The floor for gofer scrape's per-page CPU time (issue 29): a bare single-threaded C program
 * on lexbor doing the same selection, with nothing else — no charset detection, no URL
 * resolution, no CSV quoting. One row per match on stdout.
 *
 *   lexbor_select href FILE...    every a[href]'s href value  (gofer --select 'a::attr(href)')
 *   lexbor_select title FILE...   every title's text content  (gofer --select 'title::text')
 *
 * Built by tests/bench/scrape.bench.sh against the same liblexbor_static.a as gofer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lexbor/css/css.h>
#include <lexbor/html/html.h>
#include <lexbor/selectors/selectors.h>

struct output {
  const char *attribute; /* NULL: the text content */
  size_t rows;
};

static lxb_status_t print_match(lxb_dom_node_t *node, lxb_css_selector_specificity_t spec,
                                void *context) {
  (void)spec;
  struct output *out = context;
  size_t length = 0;
  if (out->attribute != NULL) {
    const lxb_char_t *value = lxb_dom_element_get_attribute(
        lxb_dom_interface_element(node), (const lxb_char_t *)out->attribute,
        strlen(out->attribute), &length);
    if (value == NULL) return LXB_STATUS_OK;
    fwrite(value, 1, length, stdout);
  } else {
    lxb_char_t *text = lxb_dom_node_text_content(node, &length);
    if (text != NULL) fwrite(text, 1, length, stdout);
    lxb_dom_document_destroy_text(node->owner_document, text);
  }
  fputc('\n', stdout);
  out->rows++;
  return LXB_STATUS_OK;
}

static char *read_whole(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  fseek(file, 0, SEEK_END);
  long length = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *data = length >= 0 ? malloc((size_t)length + 1) : NULL;
  *size = data != NULL ? fread(data, 1, (size_t)length, file) : 0;
  fclose(file);
  return data;
}

int main(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[1], "href") != 0 && strcmp(argv[1], "title") != 0)) {
    fprintf(stderr, "usage: lexbor_select href|title FILE...\n");
    return 2;
  }
  struct output out = {strcmp(argv[1], "href") == 0 ? "href" : NULL, 0};
  const char *selector = out.attribute != NULL ? "a[href]" : "title";
  lxb_css_parser_t *parser = lxb_css_parser_create();
  lxb_selectors_t *selectors = lxb_selectors_create();
  if (lxb_css_parser_init(parser, NULL) != LXB_STATUS_OK ||
      lxb_selectors_init(selectors) != LXB_STATUS_OK) {
    return 1;
  }
  lxb_selectors_opt_set(selectors, LXB_SELECTORS_OPT_MATCH_FIRST);
  lxb_css_selector_list_t *list =
      lxb_css_selectors_parse(parser, (const lxb_char_t *)selector, strlen(selector));
  if (list == NULL) return 1;
  for (int i = 2; i < argc; ++i) {
    size_t size = 0;
    char *data = read_whole(argv[i], &size);
    if (data == NULL) {
      fprintf(stderr, "%s: cannot read\n", argv[i]);
      return 1;
    }
    lxb_html_document_t *document = lxb_html_document_create();
    if (lxb_html_document_parse(document, (const lxb_char_t *)data, size) != LXB_STATUS_OK) {
      return 1;
    }
    lxb_selectors_find(selectors, lxb_dom_interface_node(document), list, print_match, &out);
    lxb_html_document_destroy(document);
    free(data);
  }
  fprintf(stderr, "lexbor_select: %zu rows\n", out.rows);
  lxb_css_selector_list_destroy_memory(list);
  lxb_selectors_destroy(selectors, true);
  lxb_css_parser_destroy(parser, true);
  return 0;
}
