"""Developer tools of youth_sim that are not part of the installed package."""
