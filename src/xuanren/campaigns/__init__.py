"""Campaigns (竞聘批次): posts, announcement, applications and nominations, eligibility review, stages."""
