"""Fails when a screenshot is blank: almost all one colour."""
import sys
from PIL import Image

image = Image.open(sys.argv[1]).convert("RGB")
pixels = list(image.getdata())
not_white = sum(1 for p in pixels if sum(p) < 720)
colours = len(set(pixels))
share = not_white / len(pixels)
print(f"{sys.argv[1]}: {image.size[0]}x{image.size[1]}, {share:.1%} not white, {colours} colours")
if share < 0.02 or colours < 20:
    sys.exit("the screenshot looks blank")
