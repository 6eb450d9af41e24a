// gofer's entry point: everything happens in run().
#include "run.hpp"

int main(int argc, char** argv) { return gofer::cli::run(argc, argv); }
