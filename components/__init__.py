"""Pure factories: layout pieces, figures and map layers. Data in, component out, no I/O."""
