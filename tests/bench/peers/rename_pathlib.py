# The classic throwaway script: lower-case and underscore every *.csv in the current directory.
from pathlib import Path

for path in Path(".").iterdir():
    if path.suffix.lower() == ".csv":
        path.rename(path.with_name(path.name.replace(" ", "_").lower()))
