"""Tests for youth_sim; they mirror the package modules."""
