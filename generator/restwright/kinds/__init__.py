"""The paginator and auth kinds, one record each: every stage reads its facts about a kind here."""
