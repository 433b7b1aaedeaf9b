"""The classroom dashboard (Solara on Mesa's visualisation); start it with `lcsim dashboard`."""
