"""The explore page (issue 14): policy levers in plain words and the scenario they make."""
