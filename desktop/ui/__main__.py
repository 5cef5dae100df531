"""``python -m desktop.ui [DATA_DIR]`` opens the window (the quick start path)."""

from desktop.ui.launch import main

main()
