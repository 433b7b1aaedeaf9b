"""The week of a learning community, one module per step of the ODD schedule.

Each module exposes one function that reads and changes a `lcsim.state.CommunityState`
(docs/ODD.md, '3. Process overview and scheduling'); `LearningCommunityModel.step()`
calls them in this order: funding, meeting, exchange, project, sprint_review, climate,
membership, phase, products.
"""
