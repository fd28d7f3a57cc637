"""Recipe that fine-tunes the MiniLM encoder into the shipped NLI cross-encoder."""
