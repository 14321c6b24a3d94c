"""The images a card's text shows, read back from its segments."""

from __future__ import annotations

from pmstudy.domain.cards import image_sources, to_segments


def test_image_sources_in_order_unique_and_split_when_neighbours() -> None:
    segments = to_segments(
        '<p>Q <img src="a.png"><img src="b].png"> x <img src=\'../x.png\'><img src="a.png"></p>',
        html=True,
    )
    assert image_sources(segments) == ["a.png", "b].png", "../x.png"]


def test_no_images_and_plain_text_that_looks_like_one() -> None:
    assert image_sources(to_segments("[image: a.png]", html=False)) == []
    assert image_sources(to_segments("<b>no image</b>", html=True)) == []
